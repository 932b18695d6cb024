package dev.yakata.adapter.bacnet.client;

import dev.yakata.adapter.bacnet.codec.BacnetAddress;
import dev.yakata.adapter.bacnet.codec.Services;

/**
 * A device that answered Who-Is: where it is and what its I-Am said.
 *
 * @param address where it answered from (with SNET/SADR when behind a router)
 * @param iAm     its I-Am
 */
public record DiscoveredDevice(BacnetAddress address, Services.IAm iAm) {

    /** @return its device instance number */
    public int instance() {
        return iAm.device().instance();
    }
}
