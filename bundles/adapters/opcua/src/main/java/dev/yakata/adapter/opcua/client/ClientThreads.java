package dev.yakata.adapter.opcua.client;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfigBuilder;

/**
 * The threads the adapter's OPC UA clients run on, shared by all its devices and its browse calls for the adapter's
 * life: a Netty event loop ({@value #IO_THREADS} threads, {@code yakata-opcua-io-*}), an executor for Milo's callbacks
 * ({@value #WORKERS} threads, {@code yakata-opcua-worker-N}), a scheduler and a request-timeout wheel. All start
 * together, with the adapter's first client, and keep their number while devices come and go, until {@link #close()}. Without them Milo uses its
 * static shared ones, which start an event-loop thread per new connection up to twice the processors and an executor
 * thread for every concurrent task, without bound.
 */
final class ClientThreads implements AutoCloseable {

    static final int IO_THREADS = 2;
    static final int WORKERS = 4;

    // Netty's own factory: its FastThreadLocalThreads make Netty's thread-locals fast
    private final NioEventLoopGroup eventLoop = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("yakata-opcua-io", true));
    // unbounded queue: refusing one of Milo's callbacks would lose a response; 4 workers keep up with any device count here
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), named("yakata-opcua-worker-"));
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named("yakata-opcua-timer-"));
    private final HashedWheelTimer wheel = new HashedWheelTimer(named("yakata-opcua-wheel-"));

    ClientThreads() {
        for (EventExecutor loop : eventLoop) {
            loop.execute(() -> { }); // a Netty loop starts its thread on its first task: start each now
        }
        executor.prestartAllCoreThreads();
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.prestartAllCoreThreads();
        wheel.start();
    }

    /** Makes a client transport (a session's or a discovery's) run on these threads. */
    void configure(OpcTcpClientTransportConfigBuilder transport) {
        transport.setEventLoop(eventLoop).setExecutor(executor).setScheduledExecutor(scheduler).setWheelTimer(wheel);
    }

    /** Stops every thread; the clients that still use them fail. */
    @Override
    public void close() {
        wheel.stop();
        scheduler.shutdownNow();
        executor.shutdownNow();
        eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
