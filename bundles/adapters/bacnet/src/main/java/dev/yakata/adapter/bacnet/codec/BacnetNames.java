package dev.yakata.adapter.bacnet.codec;

/**
 * The names ANSI/ASHRAE 135 gives the numbers a device answers with, so an operator reads
 * {@code WriteProperty refused: error class PROPERTY, code VALUE_OUT_OF_RANGE} rather than
 * {@code service 15, error class 2 code 37}. A number the tables do not know (a proprietary one, or one newer than
 * the tables) is shown as a number with what range it falls in, never dropped.
 */
public final class BacnetNames {

    /** BACnetConfirmedServiceChoice, clause 21; the index is the choice. Empty where the standard removed one. */
    private static final String[] CONFIRMED_SERVICES = {
        "AcknowledgeAlarm", "ConfirmedCOVNotification", "ConfirmedEventNotification", "GetAlarmSummary",
        "GetEnrollmentSummary", "SubscribeCOV", "AtomicReadFile", "AtomicWriteFile", "AddListElement",
        "RemoveListElement", "CreateObject", "DeleteObject", "ReadProperty", "ReadPropertyConditional",
        "ReadPropertyMultiple", "WriteProperty", "WritePropertyMultiple", "DeviceCommunicationControl",
        "ConfirmedPrivateTransfer", "ConfirmedTextMessage", "ReinitializeDevice", "VT-Open", "VT-Close", "VT-Data",
        "Authenticate", "RequestKey", "ReadRange", "LifeSafetyOperation", "SubscribeCOVProperty",
        "GetEventInformation", "SubscribeCOVPropertyMultiple", "ConfirmedCOVNotificationMultiple",
        "ConfirmedAuditNotification", "AuditLogQuery",
    };

    /** BACnetUnconfirmedServiceChoice; the index is the choice. */
    private static final String[] UNCONFIRMED_SERVICES = {
        "I-Am", "I-Have", "UnconfirmedCOVNotification", "UnconfirmedEventNotification", "UnconfirmedPrivateTransfer",
        "UnconfirmedTextMessage", "TimeSynchronization", "Who-Has", "Who-Is", "UTCTimeSynchronization", "WriteGroup",
        "UnconfirmedCOVNotificationMultiple",
    };

    /** BACnetErrorClass; 64 and up are proprietary. */
    private static final String[] ERROR_CLASSES = {
        "DEVICE", "OBJECT", "PROPERTY", "RESOURCES", "SECURITY", "SERVICES", "VT", "COMMUNICATION",
    };

    /**
     * BACnetErrorCode, the index is the code; 256 and up are proprietary. Codes the standard has withdrawn keep their
     * old name (an old device may still send them); 33 was never assigned a lasting meaning.
     */
    private static final String[] ERROR_CODES = {
        "OTHER", "AUTHENTICATION_FAILED", "CONFIGURATION_IN_PROGRESS", "DEVICE_BUSY",
        "DYNAMIC_CREATION_NOT_SUPPORTED", "FILE_ACCESS_DENIED", "INCOMPATIBLE_SECURITY_LEVELS",
        "INCONSISTENT_PARAMETERS", "INCONSISTENT_SELECTION_CRITERION", "INVALID_DATA_TYPE",
        // 10
        "INVALID_FILE_ACCESS_METHOD", "INVALID_FILE_START_POSITION", "INVALID_OPERATOR_NAME",
        "INVALID_PARAMETER_DATA_TYPE", "INVALID_TIME_STAMP", "KEY_GENERATION_ERROR", "MISSING_REQUIRED_PARAMETER",
        "NO_OBJECTS_OF_SPECIFIED_TYPE", "NO_SPACE_FOR_OBJECT", "NO_SPACE_TO_ADD_LIST_ELEMENT",
        // 20
        "NO_SPACE_TO_WRITE_PROPERTY", "NO_VT_SESSIONS_AVAILABLE", "PROPERTY_IS_NOT_A_LIST",
        "OBJECT_DELETION_NOT_PERMITTED", "OBJECT_IDENTIFIER_ALREADY_EXISTS", "OPERATIONAL_PROBLEM",
        "PASSWORD_FAILURE", "READ_ACCESS_DENIED", "SECURITY_NOT_SUPPORTED", "SERVICE_REQUEST_DENIED",
        // 30
        "TIMEOUT", "UNKNOWN_OBJECT", "UNKNOWN_PROPERTY", "", "UNKNOWN_VT_CLASS", "UNKNOWN_VT_SESSION",
        "UNSUPPORTED_OBJECT_TYPE", "VALUE_OUT_OF_RANGE", "VT_SESSION_ALREADY_CLOSED",
        "VT_SESSION_TERMINATION_FAILURE",
        // 40
        "WRITE_ACCESS_DENIED", "CHARACTER_SET_NOT_SUPPORTED", "INVALID_ARRAY_INDEX", "COV_SUBSCRIPTION_FAILED",
        "NOT_COV_PROPERTY", "OPTIONAL_FUNCTIONALITY_NOT_SUPPORTED", "INVALID_CONFIGURATION_DATA",
        "DATATYPE_NOT_SUPPORTED", "DUPLICATE_NAME", "DUPLICATE_OBJECT_ID",
        // 50
        "PROPERTY_IS_NOT_AN_ARRAY", "ABORT_BUFFER_OVERFLOW", "ABORT_INVALID_APDU_IN_THIS_STATE",
        "ABORT_PREEMPTED_BY_HIGHER_PRIORITY_TASK", "ABORT_SEGMENTATION_NOT_SUPPORTED", "ABORT_PROPRIETARY",
        "ABORT_OTHER", "INVALID_TAG", "NETWORK_DOWN", "REJECT_BUFFER_OVERFLOW",
        // 60
        "REJECT_INCONSISTENT_PARAMETERS", "REJECT_INVALID_PARAMETER_DATA_TYPE", "REJECT_INVALID_TAG",
        "REJECT_MISSING_REQUIRED_PARAMETER", "REJECT_PARAMETER_OUT_OF_RANGE", "REJECT_TOO_MANY_ARGUMENTS",
        "REJECT_UNDEFINED_ENUMERATION", "REJECT_UNRECOGNIZED_SERVICE", "REJECT_PROPRIETARY", "REJECT_OTHER",
        // 70
        "UNKNOWN_DEVICE", "UNKNOWN_ROUTE", "VALUE_NOT_INITIALIZED", "INVALID_EVENT_STATE", "NO_ALARM_CONFIGURED",
        "LOG_BUFFER_FULL", "LOGGED_VALUE_PURGED", "NO_PROPERTY_SPECIFIED", "NOT_CONFIGURED_FOR_TRIGGERED_LOGGING",
        "UNKNOWN_SUBSCRIPTION",
        // 80
        "PARAMETER_OUT_OF_RANGE", "LIST_ELEMENT_NOT_FOUND", "BUSY", "COMMUNICATION_DISABLED",
    };

    /** BACnetRejectReason; 64 and up are proprietary. */
    private static final String[] REJECT_REASONS = {
        "OTHER", "BUFFER_OVERFLOW", "INCONSISTENT_PARAMETERS", "INVALID_PARAMETER_DATA_TYPE", "INVALID_TAG",
        "MISSING_REQUIRED_PARAMETER", "PARAMETER_OUT_OF_RANGE", "TOO_MANY_ARGUMENTS", "UNDEFINED_ENUMERATION",
        "UNRECOGNIZED_SERVICE",
    };

    /** BACnetAbortReason; 64 and up are proprietary. */
    private static final String[] ABORT_REASONS = {
        "OTHER", "BUFFER_OVERFLOW", "INVALID_APDU_IN_THIS_STATE", "PREEMPTED_BY_HIGHER_PRIORITY_TASK",
        "SEGMENTATION_NOT_SUPPORTED", "SECURITY_ERROR", "INSUFFICIENT_SECURITY", "WINDOW_SIZE_OUT_OF_RANGE",
        "APPLICATION_EXCEEDED_REPLY_TIME", "OUT_OF_RESOURCES", "TSM_TIMEOUT", "APDU_TOO_LONG",
    };

    private BacnetNames() {
    }

    /** {@code WriteProperty} for 15; {@code confirmed service 99} for a choice the table does not know. */
    public static String confirmedService(long choice) {
        return lookup(CONFIRMED_SERVICES, choice, "confirmed service " + choice);
    }

    /** {@code I-Am} for 0; {@code unconfirmed service 99} for a choice the table does not know. */
    public static String unconfirmedService(long choice) {
        return lookup(UNCONFIRMED_SERVICES, choice, "unconfirmed service " + choice);
    }

    /** {@code PROPERTY} for 2; {@code 70 (proprietary)} from 64 up. */
    public static String errorClass(long errorClass) {
        return lookup(ERROR_CLASSES, errorClass, errorClass + (errorClass >= 64 ? " (proprietary)" : " (unknown)"));
    }

    /** {@code VALUE_OUT_OF_RANGE} for 37; {@code 300 (proprietary)} from 256 up. */
    public static String errorCode(long errorCode) {
        return lookup(ERROR_CODES, errorCode, errorCode + (errorCode >= 256 ? " (proprietary)" : " (unknown)"));
    }

    /** {@code UNRECOGNIZED_SERVICE} for 9; {@code 70 (proprietary)} from 64 up. */
    public static String rejectReason(long reason) {
        return lookup(REJECT_REASONS, reason, reason + (reason >= 64 ? " (proprietary)" : " (unknown)"));
    }

    /** {@code SEGMENTATION_NOT_SUPPORTED} for 4; {@code 70 (proprietary)} from 64 up. */
    public static String abortReason(long reason) {
        return lookup(ABORT_REASONS, reason, reason + (reason >= 64 ? " (proprietary)" : " (unknown)"));
    }

    /** {@code error class PROPERTY, code VALUE_OUT_OF_RANGE}, for messages. */
    public static String error(long errorClass, long errorCode) {
        return "error class " + errorClass(errorClass) + ", code " + errorCode(errorCode);
    }

    private static String lookup(String[] table, long number, String otherwise) {
        if (number >= 0 && number < table.length && !table[(int) number].isEmpty()) {
            return table[(int) number];
        }
        return otherwise;
    }
}
