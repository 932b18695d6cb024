package dev.yakata.adapter.mqtt.bridge;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/dev.yakata.mqtt.bridge.cfg}: where and how the hub publishes its events northbound. */
@ObjectClassDefinition(name = "Yakata MQTT northbound bridge",
        description = "Publishes every bus event to yakata/<site>/events/<type>/<source> and every point value, retained, "
                + "to yakata/<site>/points/<device>/<point>, through a durable outbox.")
@interface BridgeConfig {

    @AttributeDefinition(description = "Whether the bridge runs.")
    boolean enabled() default true;

    @AttributeDefinition(name = "broker.url", description = "tcp://host:port or ssl://host:port")
    String broker_url() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(description = "User name at the broker; empty for anonymous.")
    String username() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password at the broker.")
    String password() default "";

    @AttributeDefinition(description = "Trust store for ssl:// (PKCS#12, JKS or PEM), relative to etc/.")
    String truststore() default "";

    @AttributeDefinition(name = "truststore.password", type = AttributeType.PASSWORD)
    String truststore_password() default "";

    @AttributeDefinition(name = "client.id", description = "MQTT client id; unique per hub on one broker.")
    String client_id() default "yakata-bridge";

    @AttributeDefinition(description = "The site's name in every topic: yakata/<site>/...")
    String site() default "site";

    @AttributeDefinition(description = "QoS of every publish: 0 (at most once on the wire) or 1 (at least once).")
    int qos() default 1;

    @AttributeDefinition(name = "event.types", description = "Which events to publish: types or prefixes ending in *.")
    String event_types() default "*";

    @AttributeDefinition(name = "points.retained", description = "Also publish each point value, retained, under points/.")
    boolean points_retained() default true;

    @AttributeDefinition(name = "outbox.directory", description = "Where the outbox lives; empty for <karaf.data>/mqtt-outbox.")
    String outbox_directory() default "";

    @AttributeDefinition(name = "outbox.max.megabytes", description = "Disk the outbox may use; beyond it new events are refused and counted.")
    int outbox_max_megabytes() default 512;

    @AttributeDefinition(name = "commands.enabled", description = "Accept commands on yakata/<site>/commands/<mqtt user>/<device>. "
            + "Off by default; the broker must keep each MQTT user to its own level of that topic.")
    boolean commands_enabled() default false;

    @AttributeDefinition(name = "commands.users", description = "Which hub user each MQTT user commands as: mqttUser=hubUser, ... "
            + "The hub user's roles decide, as on the console.")
    String commands_users() default "";

    @AttributeDefinition(name = "max.inflight", description = "Publishes awaiting the broker's acknowledgement at once; "
            + "the broker's own limit (MQTT 5 Receive Maximum) applies on top.")
    int max_inflight() default 100;
}
