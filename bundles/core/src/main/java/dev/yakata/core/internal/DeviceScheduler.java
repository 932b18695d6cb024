package dev.yakata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One device's view of its adapter's shared scheduler. It remembers the device's tasks so that closing the
 * device cancels them all, and shutting it down touches no other device.
 */
final class DeviceScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ScheduledExecutorService shared;
    private final Set<Future<?>> tasks = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    DeviceScheduler(ScheduledExecutorService shared) {
        this.shared = shared;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return track(() -> shared.schedule(command, delay, unit));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return track(() -> shared.schedule(callable, delay, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return track(() -> shared.scheduleAtFixedRate(command, initialDelay, period, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return track(() -> shared.scheduleWithFixedDelay(command, initialDelay, delay, unit));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    private <F extends ScheduledFuture<?>> F track(Supplier<F> submit) {
        if (shutdown) {
            throw new RejectedExecutionException("the device is closed; its scheduler takes no more tasks");
        }
        tasks.removeIf(Future::isDone);
        F future = submit.get();
        tasks.add(future);
        if (shutdown) {
            future.cancel(false);
        }
        return future;
    }

    /** Cancels every task of this device; the shared scheduler keeps running. */
    @Override
    public void shutdown() {
        shutdown = true;
        tasks.forEach(f -> f.cancel(false));
        tasks.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        tasks.forEach(f -> f.cancel(true));
        tasks.clear();
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

}
