package dev.yakata.mqtt.bridge;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/dev.yakata.mqtt.bridge.cfg}: where and how the hub publishes its events northbound. */
@ObjectClassDefinition(name = "Yakata MQTT northbound bridge",
        description = "Publishes the hub's control events from its cursor of the journal to yakata/<site>/events/<type>/<source> "
                + "and, best effort, every point value, retained, to yakata/<site>/points/<device>/<point>.")
@interface BridgeConfig {

    @AttributeDefinition(description = "Whether the bridge runs.")
    boolean enabled() default true;

    @AttributeDefinition(name = "broker.url", description = "tcp://host:port or ssl://host:port")
    String broker_url() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(description = "User name at the broker; empty for anonymous.")
    String username() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password at the broker. Never logged or shown.")
    String password() default "";

    @AttributeDefinition(description = "Trust store for ssl:// (PKCS#12, JKS or PEM), relative to etc/.")
    String truststore() default "";

    @AttributeDefinition(name = "truststore.password", type = AttributeType.PASSWORD)
    String truststore_password() default "";

    @AttributeDefinition(name = "client.id", description = "MQTT client id; unique per hub on one broker.")
    String client_id() default "yakata-bridge";

    @AttributeDefinition(description = "The site's name in every topic: yakata/<site>/...")
    String site() default "site";

    @AttributeDefinition(description = "QoS of control events: 0 (at most once on the wire) or 1 (at least once). "
            + "Telemetry always goes at QoS 0.")
    int qos() default 1;

    @AttributeDefinition(name = "event.types", description = "Which events to publish: types or prefixes ending in *.")
    String event_types() default "*";

    @AttributeDefinition(name = "points.retained", description = "Also publish each point value, retained, under points/.")
    boolean points_retained() default true;

    @AttributeDefinition(name = "telemetry.max.pending", description = "Telemetry messages handed to the client but "
            + "not yet written; beyond it, and while the broker is away, telemetry is shed and counted.")
    int telemetry_max_pending() default 1000;

    @AttributeDefinition(name = "commands.enabled", description = "Accept commands on yakata/<site>/commands/<device>. "
            + "Off by default; the broker must let only trusted clients publish there.")
    boolean commands_enabled() default false;

    @AttributeDefinition(name = "commands.user", description = "The hub user every MQTT command is issued as "
            + "(the policy, etc/yakata.policy, sees this user and commands.roles, channel MQTT).")
    String commands_user() default "mqtt-bridge";

    @AttributeDefinition(name = "commands.roles", description = "The roles of commands.user, comma-separated yakata-* "
            + "roles (yakata-viewer, yakata-operator, yakata-manager, yakata-admin).")
    String commands_roles() default "";

    @AttributeDefinition(name = "max.inflight", description = "Control-event publishes awaiting the broker's "
            + "acknowledgement at once; the broker's own limit (MQTT 5 Receive Maximum) applies on top.")
    int max_inflight() default 100;
}
