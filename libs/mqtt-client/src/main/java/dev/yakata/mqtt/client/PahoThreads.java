package dev.yakata.mqtt.client;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one Paho client (one connection attempt of a {@link BrokerSession}): Paho runs its connect, receive,
 * send, callback and ping work here instead of on threads of its own, so that the session can end them all when it
 * abandons the client.
 *
 * <p>Why the session needs that: Paho 1.2.5 starts its receiver, sender and callback from its connect thread ("MQTT
 * Con") and waits for each to report running in a loop of {@code sleep(100)} that ignores interrupts and has no time
 * limit. When the broker closes the socket at once (a Mosquitto being stopped or started), the receiver can stop
 * before the connect thread looks, and the connect thread sleeps in that loop for ever, whatever the client is told
 * (eclipse-paho/paho.mqtt.java issues #850, #999). Once no new task is accepted here, {@link #unstick} lets such a
 * loop end: its next step asks this executor for a thread, is refused, and the connect thread returns.
 *
 * <p><b>Tied to Paho 1.2.5.</b> No public API reaches that loop, so {@link #components} and {@link #unstick} read and
 * set private fields of Paho 1.2.5 by name (the same in its MQTT 5 and 3.1.1 clients): {@code MqttAsyncClient.comms};
 * {@code ClientComms.receiver}, {@code .sender}, {@code .callback}; and in each of those three {@code current_state},
 * {@code target_state} (a private enum with {@code RUNNING} and {@code STOPPED}) and {@code lifecycle}, the lock
 * guarding them. That is all the reflection there is. With a Paho whose internals differ it fails soft: one warning
 * is logged, nothing is changed in Paho, and an attempt whose connect thread hangs in that loop keeps that one thread
 * (its socket is still closed and the session still reconnects with a new client). Check this class again, and
 * {@code BrokerSessionHangingConnectTest}, when Paho is upgraded.
 */
final class PahoThreads extends ScheduledThreadPoolExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PahoThreads.class);
    /** Whether the warning about Paho's internals has been logged; once per class loader is enough. */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /**
     * Paho runs at most four long tasks at once (connect, receive, send, callback) plus a ping and a disconnect; more
     * threads than that only idle. Too few would leave one of Paho's start loops waiting for a thread.
     */
    private static final int SIZE = 8;

    private final String idleName;
    private final Runnable whenTerminated;
    private final NamedThreads made;

    /**
     * @param name           what the threads are called while no Paho task runs on them (Paho names them while it does)
     * @param whenTerminated run once every thread has ended
     */
    PahoThreads(String name, Runnable whenTerminated) {
        this(name, whenTerminated, new NamedThreads(name));
    }

    private PahoThreads(String name, Runnable whenTerminated, NamedThreads made) {
        super(SIZE, made);
        this.made = made;
        this.idleName = name;
        this.whenTerminated = whenTerminated;
        setKeepAliveTime(30, TimeUnit.SECONDS);
        allowCoreThreadTimeOut(true);
        setRemoveOnCancelPolicy(true);
    }

    /** Paho renames a thread for its task ("MQTT Rec: id"); an idle thread is ours again. */
    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        Thread.currentThread().setName(idleName);
    }

    @Override
    protected void terminated() {
        whenTerminated.run();
    }

    /** Whether the calling thread is one of these. */
    boolean ownsCurrentThread() {
        return made.threads.contains(Thread.currentThread());
    }

    /** The threads still alive, by name and what each is doing, for a warning. */
    String describeAlive() {
        return made.threads.stream().filter(Thread::isAlive).map(thread -> {
            StackTraceElement[] stack = thread.getStackTrace();
            return thread.getName() + (stack.length > 1 ? " at " + stack[1] : "");
        }).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Daemon threads, each remembered so that {@link #unstick} can see where they wait. */
    private static final class NamedThreads implements ThreadFactory {
        private final String name;
        private final AtomicInteger count = new AtomicInteger();
        /** Every thread made and not known to have ended; few, and only for one client. */
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        NamedThreads(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            threads.removeIf(old -> old.getState() == Thread.State.TERMINATED);
            threads.add(thread);
            return thread;
        }
    }

    /**
     * The receiver, sender and callback of a Paho client as they are now. Take them before closing the client: Paho
     * forgets them when it closes, while a connect thread may still wait for one of them.
     *
     * @param paho either Paho 1.2.5 {@code MqttAsyncClient}
     * @return the components found; none with another Paho version (see the class comment)
     */
    static List<Object> components(Object paho) {
        List<Object> parts = new ArrayList<>(3);
        try {
            Object comms = field(paho.getClass(), "comms").get(paho);
            if (comms != null) {
                for (String name : List.of("receiver", "sender", "callback")) {
                    Object part = field(comms.getClass(), name).get(comms);
                    if (part != null) {
                        parts.add(part);
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            internalsDiffer(e);
        }
        return parts;
    }

    /**
     * Ends the start and stop loops the threads of a client that is being abandoned may be stuck in. A component
     * ({@link #components}) that one of these threads waits in {@code start()} for is marked running, so that the
     * wait returns; every other one is marked as asked to stop, which ends any {@code stop()} loop waiting for it and
     * the component's own loop. (Marking a component running that nobody waits to start would trap a {@code stop()}
     * for good: Paho's stop loop waits for it to stop running, as uninterruptibly.) Call it only after
     * {@link #shutdown()}, so that the connect thread's next step fails for want of a thread instead of starting
     * one, and again until the threads have ended: each step of a connect thread may wait for another component.
     */
    void unstick(Collection<?> components) {
        Set<String> awaited = new HashSet<>();
        for (Thread thread : made.threads) {
            StackTraceElement[] stack = thread.isAlive() ? thread.getStackTrace() : new StackTraceElement[0];
            // Thread.sleep, then the component's start() (the top frames of a thread in Paho's start loop)
            for (int i = 0; i < Math.min(4, stack.length); i++) {
                if (stack[i].getMethodName().equals("start") && stack[i].getClassName().startsWith("org.eclipse.paho.")) {
                    awaited.add(stack[i].getClassName());
                }
            }
        }
        for (Object component : components) {
            try {
                settle(component, awaited.contains(component.getClass().getName()));
            } catch (ReflectiveOperationException | RuntimeException e) {
                internalsDiffer(e);
                return;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void settle(Object component, boolean startAwaited) throws ReflectiveOperationException {
        Class<?> type = component.getClass();
        Field current = field(type, "current_state");
        Field target = field(type, "target_state");
        Object lifecycle = field(type, "lifecycle").get(component);
        Object running = Enum.valueOf((Class) current.getType(), "RUNNING");
        Object stopped = Enum.valueOf((Class) current.getType(), "STOPPED");
        synchronized (lifecycle) {
            if (startAwaited) {
                if (current.get(component) == stopped) {
                    current.set(component, running);
                }
                target.set(component, running);
            } else {
                target.set(component, stopped);
            }
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static void internalsDiffer(Exception e) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("Paho's client internals are not those of Paho 1.2.5 that the MQTT session was written for ({}); "
                    + "a connect thread stuck in Paho's start loop (paho.mqtt.java #850) cannot be freed, so each such "
                    + "connection attempt leaves one thread behind. Check the embedded Paho version.", e.toString());
        }
    }
}
