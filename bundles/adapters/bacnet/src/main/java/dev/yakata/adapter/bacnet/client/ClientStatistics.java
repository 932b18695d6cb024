package dev.yakata.adapter.bacnet.client;

/**
 * Counters of one client since it opened; a snapshot.
 *
 * @param requestsSent        confirmed requests sent (first attempts)
 * @param retries             confirmed requests sent again after an APDU timeout
 * @param timeouts            requests that got no answer after all retries
 * @param datagramsReceived   datagrams received
 * @param decodeErrors        datagrams (or service data) that could not be decoded
 * @param errors              BACnet-Error answers
 * @param rejects             BACnet-Reject answers
 * @param aborts              BACnet-Abort answers
 * @param wrongAddress        answers whose invoke id is pending, but for another device
 * @param unexpectedInvokeIds answers for no pending request: duplicates, or answers after the timeout
 * @param unknownServices     requests for services this client does not serve, and network-layer messages ignored
 * @param segmentsReceived    ComplexACK segments received
 * @param covNotifications    COV notifications delivered
 * @param untrustedForwards   Forwarded-NPDUs dropped because they did not come from a BBMD this client registered
 *                            with (their claimed source could be anyone's, and answers would go there)
 */
public record ClientStatistics(long requestsSent, long retries, long timeouts, long datagramsReceived,
        long decodeErrors, long errors, long rejects, long aborts, long wrongAddress, long unexpectedInvokeIds,
        long unknownServices, long segmentsReceived, long covNotifications, long untrustedForwards) {
}
