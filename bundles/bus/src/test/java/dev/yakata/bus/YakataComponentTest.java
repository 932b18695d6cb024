package dev.yakata.bus;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.camel.YakataConstants;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class YakataComponentTest {

    private YakataEventBus bus;
    private TestJournal journal;

    @Before
    public void startBus() throws Exception {
        journal = TestJournal.open();
        bus = new YakataEventBus(journal);
        bus.start(BusSettings.defaults(null));
    }

    @After
    public void stopBus() throws Exception {
        bus.stop();
        journal.close();
    }

    @Test
    public void eventsConsumerSeesBusEventsAndPublishProducerRaisesNewOnes() throws Exception {
        BlockingQueue<Map<String, Object>> headers = new LinkedBlockingQueue<>();
        bus.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("yakata:events?types=door.*,access.denied").routeId("door-alarm")
                        .process(ex -> headers.add(Map.copyOf(ex.getMessage().getHeaders())))
                        .process(ex -> {
                            Event cause = ex.getMessage().getBody(Event.class);
                            ex.getMessage().setBody(Map.of("type", EventTypes.ALARM_RAISED, "subject",
                                    cause.subject(), "severity", "alarm", "data", Map.of("cause", cause.id())));
                        })
                        .to("yakata:publish");
            }
        });
        Recorder alarms = new Recorder();
        bus.addListener(alarms, Map.of(EventListener.EVENT_TYPES, "alarm.*"));

        Event forced = Event.of(EventTypes.DOOR_FORCED, "door-7").withSubject("door-7");
        bus.publish(Event.of(EventTypes.ACCESS_GRANTED, "reader-1")); // filtered out by the route
        bus.publish(forced);

        Map<String, Object> h = headers.poll(2, TimeUnit.SECONDS);
        assertNotNull(h);
        assertEquals(EventTypes.DOOR_FORCED, h.get(YakataConstants.HEADER_EVENT_TYPE));
        assertEquals("door-7", h.get(YakataConstants.HEADER_EVENT_SOURCE));
        assertEquals(forced.id(), h.get(YakataConstants.HEADER_EVENT_ID));
        Event alarm = alarms.next(2000).event();
        assertEquals(EventTypes.ALARM_RAISED, alarm.type());
        assertEquals("route:door-alarm", alarm.source());
        assertEquals(Severity.ALARM, alarm.severity());
        assertEquals(forced.id(), alarm.data().get("cause"));
        assertTrue(bus.statistics().stream().anyMatch(s -> s.name().equals("listener:route:door-alarm")));
    }

    @Test
    public void publishWithTypeOptionDerivesAnEventFromTheConsumedOne() throws Exception {
        bus.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("yakata:events?types=door.forced").routeId("derive")
                        .to("yakata:publish?type=alarm.raised&severity=CRITICAL");
            }
        });
        Recorder alarms = new Recorder();
        bus.addListener(alarms, Map.of(EventListener.EVENT_TYPES, "alarm.raised"));
        Event forced = Event.of(EventTypes.DOOR_FORCED, "door-7").withSubject("door-7").withZone("lobby");
        bus.publish(forced);
        Event alarm = alarms.next(2000).event();
        assertEquals("door-7", alarm.subject());
        assertEquals("lobby", alarm.zone());
        assertEquals(Severity.CRITICAL, alarm.severity());
        assertEquals(forced.id(), alarm.data().get("cause"));
        assertEquals(EventTypes.DOOR_FORCED, alarm.data().get("causeType"));
    }

    @Test
    public void routesOfABuilderAreRemovedExactlyWhenItLeaves() throws Exception {
        RoutesBuilder a = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a1").routeId("a1").log("a1");
                from("direct:a2").log("a2");
            }
        };
        RoutesBuilder b = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:b1").routeId("b1").log("b1");
            }
        };
        bus.addRoutes(a);
        bus.addRoutes(b);
        int withBoth = bus.camelContext().getRoutes().size();
        bus.removeRoutes(a);
        assertEquals(withBoth - 2, bus.camelContext().getRoutes().size());
        assertNotNull(bus.camelContext().getRoute("b1"));
        assertNotNull(bus.camelContext().getRoute("yakata-telemetry-lane"));
        assertEquals(null, bus.camelContext().getRoute("a1"));
        assertTrue(bus.camelContext().getStatus().isStarted());
    }
}
