// A BACnet/IP device for Yakata's interop tests, on the independent @bacnet-js/client stack (MIT).
// @bacnet-js/client has no device model, so this script supplies one: a device object, analog/binary/multi-state
// objects with priority arrays, ReadProperty(Multiple), WriteProperty with priority and NULL relinquish, and
// SubscribeCOV with confirmed/unconfirmed notifications.
//
// Usage: node bacnet-device.js <port> <device-instance>
// Binds 127.0.0.1:<port> only. Prints "READY <port>" when listening. Takes JSON commands on stdin, one per line:
//   {"cmd":"set","type":0,"instance":1,"value":19.5}   change a present value as the field would (notifies COV)
//   {"cmd":"silent","on":true}                          stop/start answering anything
//   {"cmd":"state"}                                      prints "STATE {json}" (priority arrays, subscriptions)
'use strict';

const Bacnet = require('@bacnet-js/client').default || require('@bacnet-js/client');
const { ApplicationTag, ObjectType, PropertyIdentifier: P, ErrorClass, ErrorCode } =
    require('@bacnet-js/client/dist/lib/enum');

const port = parseInt(process.argv[2], 10);
const deviceInstance = parseInt(process.argv[3], 10);
const client = new Bacnet({ port, interface: '127.0.0.1', apduTimeout: 2000 });

const real = (v) => ({ type: ApplicationTag.REAL, value: v });
const enumerated = (v) => ({ type: ApplicationTag.ENUMERATED, value: v });
const unsigned = (v) => ({ type: ApplicationTag.UNSIGNED_INTEGER, value: v });
const text = (v) => ({ type: ApplicationTag.CHARACTER_STRING, value: v });
const objectId = (type, instance) => ({ type: ApplicationTag.OBJECTIDENTIFIER, value: { type, instance } });
const nul = () => ({ type: ApplicationTag.NULL, value: null });

const key = (type, instance) => `${type}:${instance}`;
const objects = new Map();
function addObject(type, instance, name, units, presentValue, commandable) {
    const props = new Map();
    props.set(P.OBJECT_IDENTIFIER, [objectId(type, instance)]);
    props.set(P.OBJECT_NAME, [text(name)]);
    props.set(P.OBJECT_TYPE, [enumerated(type)]);
    props.set(P.PRESENT_VALUE, [presentValue]);
    props.set(P.STATUS_FLAGS, [{ type: ApplicationTag.BIT_STRING, value: { bitsUsed: 4, value: [0] } }]);
    if (units !== null) props.set(P.UNITS, [enumerated(units)]);
    const object = { type, instance, props, priorities: null, relinquishDefault: presentValue };
    if (commandable) {
        object.priorities = new Array(16).fill(null);
        props.set(P.RELINQUISH_DEFAULT, [presentValue]);
    }
    objects.set(key(type, instance), object);
}

addObject(ObjectType.DEVICE, deviceInstance, 'bacnet-js test device', null, enumerated(0), false);
const device = objects.get(key(ObjectType.DEVICE, deviceInstance));
device.props.delete(P.PRESENT_VALUE);
device.props.set(P.MAX_APDU_LENGTH_ACCEPTED, [unsigned(1476)]);
device.props.set(P.SEGMENTATION_SUPPORTED, [enumerated(3)]);
device.props.set(P.VENDOR_IDENTIFIER, [unsigned(260)]);
addObject(ObjectType.ANALOG_INPUT, 1, '給気温度', 62, real(18.5), false);        // supply temperature, °C
addObject(ObjectType.ANALOG_VALUE, 2, 'setpoint', 62, real(21), true);          // °C, commandable
addObject(ObjectType.BINARY_OUTPUT, 1, 'shutter motor close', null, enumerated(0), true);
addObject(ObjectType.BINARY_INPUT, 2, 'shutter closed limit', null, enumerated(0), false);
addObject(ObjectType.MULTI_STATE_VALUE, 3, 'crac status', null, unsigned(1), true);
device.props.set(P.OBJECT_LIST, [...objects.values()].map((o) => objectId(o.type, o.instance)));

let silent = false;
const subscriptions = new Map();
let subscribeRequests = 0;

function readValues(objectIdentifier, property) {
    const object = objects.get(key(objectIdentifier.type, objectIdentifier.instance === 4194303
        ? deviceInstance : objectIdentifier.instance));
    if (!object) return { error: [ErrorClass.OBJECT, ErrorCode.UNKNOWN_OBJECT] };
    let values = property.id === P.PRIORITY_ARRAY && object.priorities
        ? object.priorities.map((v) => v || nul())
        : object.props.get(property.id);
    if (!values) return { error: [ErrorClass.PROPERTY, ErrorCode.UNKNOWN_PROPERTY] };
    const index = property.index;
    if (index !== undefined && index !== 0xffffffff) {
        if (index === 0) return { values: [unsigned(values.length)] };
        if (index > values.length) return { error: [ErrorClass.PROPERTY, ErrorCode.INVALID_ARRAY_INDEX] };
        values = [values[index - 1]];
    }
    return { values };
}

function notify(object) {
    const now = Date.now();
    for (const [id, s] of subscriptions) {
        if (s.object !== key(object.type, object.instance)) continue;
        if (s.expires < now) { subscriptions.delete(id); continue; }
        // @bacnet-js/client 3.3.2 writes the array index when it IS "all" (0xFFFFFFFF), so leave it undefined.
        const values = [
            { property: { id: P.PRESENT_VALUE }, value: object.props.get(P.PRESENT_VALUE) },
            { property: { id: P.STATUS_FLAGS }, value: object.props.get(P.STATUS_FLAGS) },
        ];
        const remaining = Math.max(0, Math.round((s.expires - now) / 1000));
        const monitored = { type: object.type, instance: object.instance };
        if (s.confirmed) {
            client.confirmedCOVNotification(s.subscriber, monitored, s.processId, deviceInstance, remaining, values)
                .catch((e) => process.stderr.write(`confirmed COV failed: ${e}\n`));
        } else {
            client.unconfirmedCOVNotification(s.subscriber, s.processId, deviceInstance, monitored, remaining, values);
        }
    }
}

function command(object, value, priority) {
    object.priorities[(priority || 16) - 1] = value.type === ApplicationTag.NULL ? null : value;
    const effective = object.priorities.find((v) => v !== null) || object.relinquishDefault;
    object.props.set(P.PRESENT_VALUE, [effective]);
    notify(object);
}

client.on('whoIs', (content) => {
    if (silent) return;
    const { lowLimit, highLimit } = content.payload || {};
    if (lowLimit !== undefined && (deviceInstance < lowLimit || deviceInstance > highLimit)) return;
    client.iAmResponse(content.header.sender, deviceInstance, 3, 260);
});

client.on('readProperty', (content) => {
    if (silent) return;
    const { objectId: oid, property } = content.payload;
    const result = readValues(oid, property);
    if (result.error) {
        client.errorResponse(content.header.sender, 12, content.invokeId, result.error[0], result.error[1]);
    } else {
        client.readPropertyResponse(content.header.sender, content.invokeId, oid, property, result.values);
    }
});

client.on('readPropertyMultiple', (content) => {
    if (silent) return;
    const answer = content.payload.properties.map((spec) => ({
        objectId: spec.objectId,
        values: spec.properties.map((property) => {
            const result = readValues(spec.objectId, property);
            return {
                property,
                value: result.error
                    ? [{ value: { type: 'BacnetError', errorClass: result.error[0], errorCode: result.error[1] } }]
                    : result.values,
            };
        }),
    }));
    client.readPropertyMultipleResponse(content.header.sender, content.invokeId, answer);
});

client.on('writeProperty', (content) => {
    if (silent) return;
    const { objectId: oid, value } = content.payload;
    const object = objects.get(key(oid.type, oid.instance));
    if (!object) {
        client.errorResponse(content.header.sender, 15, content.invokeId, ErrorClass.OBJECT, ErrorCode.UNKNOWN_OBJECT);
        return;
    }
    if (value.property.id === P.PRESENT_VALUE && object.priorities) {
        command(object, value.value[0], value.priority);
    } else if (value.property.id === P.PRESENT_VALUE) {
        object.props.set(P.PRESENT_VALUE, value.value);
        notify(object);
    } else {
        client.errorResponse(content.header.sender, 15, content.invokeId, ErrorClass.PROPERTY,
            ErrorCode.WRITE_ACCESS_DENIED);
        return;
    }
    client.simpleAckResponse(content.header.sender, 15, content.invokeId);
});

client.on('subscribeCov', (content) => {
    if (silent) return;
    const p = content.payload;
    const object = objects.get(key(p.monitoredObjectId.type, p.monitoredObjectId.instance));
    if (!object) {
        client.errorResponse(content.header.sender, 5, content.invokeId, ErrorClass.OBJECT, ErrorCode.UNKNOWN_OBJECT);
        return;
    }
    const id = `${content.header.sender.address}/${p.subscriberProcessId}/${key(object.type, object.instance)}`;
    subscribeRequests++;
    if (p.cancellationRequest) {
        subscriptions.delete(id);
    } else {
        subscriptions.set(id, {
            subscriber: { address: content.header.sender.address },
            processId: p.subscriberProcessId,
            object: key(object.type, object.instance),
            confirmed: !!p.issueConfirmedNotifications,
            expires: Date.now() + (p.lifetime > 0 ? p.lifetime * 1000 : 3600 * 1000),
        });
    }
    client.simpleAckResponse(content.header.sender, 5, content.invokeId);
    if (!p.cancellationRequest) setTimeout(() => notify(object), 10);
});

client.on('error', (e) => process.stderr.write(`bacnet-js error: ${e}\n`));

require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
    let msg;
    try { msg = JSON.parse(line); } catch (e) { return; }
    if (msg.cmd === 'set') {
        const object = objects.get(key(msg.type, msg.instance));
        const current = object.props.get(P.PRESENT_VALUE)[0];
        object.props.set(P.PRESENT_VALUE, [{ type: current.type, value: msg.value }]);
        notify(object);
    } else if (msg.cmd === 'silent') {
        silent = !!msg.on;
    } else if (msg.cmd === 'state') {
        const state = { subscriptions: subscriptions.size, subscribeRequests, objects: {} };
        for (const [k, o] of objects) {
            state.objects[k] = {
                presentValue: (o.props.get(P.PRESENT_VALUE) || [{}])[0].value,
                priorities: o.priorities ? o.priorities.map((v) => (v ? v.value : null)) : null,
            };
        }
        process.stdout.write(`STATE ${JSON.stringify(state)}\n`);
    }
});
process.stdin.on('end', () => { client.close(); process.exit(0); });

setTimeout(() => process.stdout.write(`READY ${port}\n`), 200);
