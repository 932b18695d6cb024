package dev.yakata.adapter.bacnet.codec;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The numbers a device answers with read as the standard names them. */
public class BacnetNamesTest {

    @Test
    public void theIssuesExampleReadsAsTheStandardNamesIt() {
        assertEquals("WriteProperty", BacnetNames.confirmedService(15));
        assertEquals("error class PROPERTY, code VALUE_OUT_OF_RANGE", BacnetNames.error(2, 37));
    }

    @Test
    public void theServicesTheHubSendsHaveTheirNames() {
        assertEquals("SubscribeCOV", BacnetNames.confirmedService(Services.SUBSCRIBE_COV));
        assertEquals("ReadProperty", BacnetNames.confirmedService(Services.READ_PROPERTY));
        assertEquals("ReadPropertyMultiple", BacnetNames.confirmedService(14));
        assertEquals("ConfirmedCOVNotification", BacnetNames.confirmedService(Services.CONFIRMED_COV_NOTIFICATION));
        assertEquals("I-Am", BacnetNames.unconfirmedService(Services.I_AM));
        assertEquals("Who-Is", BacnetNames.unconfirmedService(Services.WHO_IS));
    }

    @Test
    public void commonClassesCodesAndReasonsHaveTheirNames() {
        assertEquals("SERVICES", BacnetNames.errorClass(5));
        assertEquals("COMMUNICATION", BacnetNames.errorClass(7));
        assertEquals("UNKNOWN_OBJECT", BacnetNames.errorCode(31));
        assertEquals("UNKNOWN_PROPERTY", BacnetNames.errorCode(32));
        assertEquals("WRITE_ACCESS_DENIED", BacnetNames.errorCode(40));
        assertEquals("INVALID_ARRAY_INDEX", BacnetNames.errorCode(42));
        assertEquals("SERVICE_REQUEST_DENIED", BacnetNames.errorCode(29));
        assertEquals("COMMUNICATION_DISABLED", BacnetNames.errorCode(83));
        assertEquals("UNRECOGNIZED_SERVICE", BacnetNames.rejectReason(9));
        assertEquals("INVALID_TAG", BacnetNames.rejectReason(4));
        assertEquals("SEGMENTATION_NOT_SUPPORTED", BacnetNames.abortReason(4));
    }

    @Test
    public void numbersOutsideTheTablesStayNumbersAndSayWhy() {
        assertEquals("confirmed service 200", BacnetNames.confirmedService(200));
        assertEquals("70 (proprietary)", BacnetNames.errorClass(70));
        assertEquals("12 (unknown)", BacnetNames.errorClass(12));
        assertEquals("300 (proprietary)", BacnetNames.errorCode(300));
        assertEquals("33 (unknown)", BacnetNames.errorCode(33));
        assertEquals("-1 (unknown)", BacnetNames.errorCode(-1));
        assertEquals("99 (proprietary)", BacnetNames.rejectReason(99));
    }
}
