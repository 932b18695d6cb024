package dev.yakata.adapter.mqtt.device;

/** What a device tells its session and hears from it, whether the session is its own or shared (see {@link DeviceLink}). */
interface SessionMember {

    /** The topic filters the device subscribes. */
    String[] filters();

    /** The QoS of its subscriptions. */
    int qos();

    /** The session is up and the broker granted every filter. */
    void subscribed();

    /**
     * The broker refused a filter (its ACL): retrying will not help, so the device's part ends here and the device
     * says why until its file changes.
     */
    void refused(String brokerDescription, Throwable failure);

    /** The session is down or could not be made; another attempt follows by itself. */
    void disconnected(String reason);

    /** A message on one of the device's filters. */
    void messageArrived(String topic, byte[] payload);
}
