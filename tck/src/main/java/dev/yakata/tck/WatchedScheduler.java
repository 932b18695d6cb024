package dev.yakata.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The device's scheduler as the hub gives it, with the tasks whose failure nobody would see watched: a periodic task
 * that throws is never run again (the JDK's rule), and a task given to {@code execute} that throws is lost. Both are
 * handed to {@code thrown} and rethrown, so the scheduler behaves exactly as before. Tasks whose future the adapter
 * holds ({@code schedule}, {@code submit}) are left alone: the adapter can read their failure.
 */
final class WatchedScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** A watched task threw: how it was scheduled, and what. */
    record Thrown(String how, Throwable failure) {
    }

    private final ScheduledExecutorService scheduler;
    private final Consumer<Thrown> thrown;

    WatchedScheduler(ScheduledExecutorService scheduler, Consumer<Thrown> thrown) {
        this.scheduler = scheduler;
        this.thrown = thrown;
    }

    private Runnable watched(Runnable task, String how) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                thrown.accept(new Thrown(how, e));
                throw e;
            }
        };
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return scheduler.scheduleAtFixedRate(watched(command, "scheduleAtFixedRate"), initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduler.scheduleWithFixedDelay(watched(command, "scheduleWithFixedDelay"), initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        // submit() and invoke…() come here with a FutureTask, which keeps its own failure for its caller
        scheduler.execute(command instanceof java.util.concurrent.Future<?> ? command : watched(command, "execute"));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return scheduler.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return scheduler.schedule(callable, delay, unit);
    }

    @Override
    public void shutdown() {
        scheduler.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return new ArrayList<>(scheduler.shutdownNow());
    }

    @Override
    public boolean isShutdown() {
        return scheduler.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return scheduler.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return scheduler.awaitTermination(timeout, unit);
    }
}
