// A SCADA-like OPC UA client played by node-opcua, talking to the hub's northbound server.
// Usage: node hub-client.js --endpoint URL [--port unused]; then commands on stdin, one per line:
//   connect <user> <password> | connect anonymous     -> CONNECTED | CONNECT_FAILED <message>
//   connectsecure <user> <password>                   -> the same over Basic256Sha256 SignAndEncrypt
//   read <nodeId>                                     -> READ <nodeId> <status> <json value>
//   eu <nodeId>                                       -> EU <nodeId> <json displayName>
//   browse <nodeId>                                   -> BROWSE <nodeId> <json [browseName...]>
//   subscribe <nodeId>                                -> CHANGE <nodeId> <status> <json value> (every change)
//   write <nodeId> <Double|Boolean|Int64|String> <json> -> WRITTEN <nodeId> <status>
//   call <objectId> <methodId> <action> [args]        -> CALLED <status> <json outputs>
//   events <nodeId>                                   -> EVENT {json of the A&C fields} (every event)
//   ack <conditionId> <eventIdHex> <comment...>       -> ACKED <status> (AcknowledgeableConditionType.Acknowledge)
//   refresh                                           -> REFRESHED <status> (ConditionRefresh on the events subscription)
//   monitor <count> <nodeIdPrefix> <intervalMs>       -> benchmark: subscribes <count> nodes <prefix>0..n-1
//   stats                                             -> STATS {json}
// --pki DIR keeps the client's own certificate out of the home folder.
// Prints READY at start. Talks to 127.0.0.1 only (the endpoint given).
const readline = require("readline");
const {
  OPCUAClient, AttributeIds, DataType, MessageSecurityMode, SecurityPolicy, TimestampsToReturn, ClientSubscription,
  ClientMonitoredItem, ClientMonitoredItemGroup, makeBrowsePath, UserTokenType, OPCUACertificateManager, VariantArrayType,
  constructEventFilter,
} = require("node-opcua");

// The fields an alarm client asks for (node-opcua turns ConditionId into ConditionType's NodeId attribute).
const EVENT_FIELDS = ["EventId", "EventType", "SourceName", "SourceNode", "Time", "Message", "Severity",
  "ConditionId", "ConditionName", "Retain", "EnabledState.Id", "ActiveState.Id", "AckedState.Id", "AckedState",
  "SuppressedOrShelved", "Comment", "ClientUserId"];
let eventSubscription;
const fieldValue = (v) => {
  const x = v && v.value;
  if (x === null || x === undefined) return null;
  if (Buffer.isBuffer(x)) return x.toString("hex");
  if (x.text !== undefined) return x.text;
  if (typeof x.toString === "function" && typeof x === "object") return x.toString();
  return x;
};
const path = require("path");

function arg(name, fallback) {
  const i = process.argv.indexOf("--" + name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const endpoint = arg("endpoint");
const pki = arg("pki", path.join(__dirname, "client-pki"));
let client;
let session;
let subscription;
let changes = 0;
const started = process.cpuUsage();
const startedAt = Date.now();

const statusName = (s) => (s && s.name) || String(s);
const jsonValue = (v) => JSON.stringify(v && v.value !== undefined ? (typeof v.value === "bigint" ? v.value.toString()
  : Array.isArray(v.value) ? v.value.map(String) : v.value) : null);

async function handle(line) {
  const [command, ...rest] = line.trim().split(" ");
  try {
    if (command === "connect" || command === "connectsecure") {
      const secure = command === "connectsecure";
      client = OPCUAClient.create({
        clientCertificateManager: new OPCUACertificateManager({ rootFolder: pki,
          automaticallyAcceptUnknownCertificate: true }),
        endpointMustExist: false,
        securityMode: secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
        securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
        connectionStrategy: { maxRetry: 0, initialDelay: 100 }, requestedSessionTimeout: 60000,
      });
      const identity = rest[0] === "anonymous" ? { type: UserTokenType.Anonymous }
        : { type: UserTokenType.UserName, userName: rest[0], password: rest[1] };
      try {
        await client.connect(endpoint);
        session = await client.createSession(identity);
      } catch (e) {
        session = undefined;
        await client.disconnect();
        return console.log("CONNECT_FAILED " + e.message.split("\n")[0]);
      }
      console.log("CONNECTED");
    } else if (command === "read") {
      const dv = await session.read({ nodeId: rest[0], attributeId: AttributeIds.Value });
      console.log("READ " + rest[0] + " " + statusName(dv.statusCode) + " " + jsonValue(dv.value));
    } else if (command === "eu") {
      const result = await session.translateBrowsePath(makeBrowsePath(rest[0], ".EngineeringUnits"));
      const euNode = result.targets[0].targetId;
      const dv = await session.read({ nodeId: euNode, attributeId: AttributeIds.Value });
      console.log("EU " + rest[0] + " " + JSON.stringify(dv.value.value.displayName.text));
    } else if (command === "browse") {
      const result = await session.browse(rest[0]);
      console.log("BROWSE " + rest[0] + " " + JSON.stringify(result.references.map((r) => r.browseName.name)));
    } else if (command === "subscribe") {
      if (!subscription) {
        subscription = ClientSubscription.create(session, { requestedPublishingInterval: 100,
          requestedMaxKeepAliveCount: 20, requestedLifetimeCount: 600, publishingEnabled: true });
      }
      const item = ClientMonitoredItem.create(subscription, { nodeId: rest[0], attributeId: AttributeIds.Value },
        { samplingInterval: 50, queueSize: 10, discardOldest: true }, TimestampsToReturn.Both);
      item.on("changed", (dv) => console.log("CHANGE " + rest[0] + " " + statusName(dv.statusCode) + " "
        + jsonValue(dv.value)));
    } else if (command === "events") {
      eventSubscription = ClientSubscription.create(session, { requestedPublishingInterval: 100,
        requestedMaxKeepAliveCount: 20, requestedLifetimeCount: 600, publishingEnabled: true });
      const item = ClientMonitoredItem.create(eventSubscription, { nodeId: rest[0], attributeId: AttributeIds.EventNotifier },
        { samplingInterval: 0, queueSize: 100, discardOldest: true, filter: constructEventFilter(EVENT_FIELDS) },
        TimestampsToReturn.Neither);
      item.on("changed", (fields) => {
        const event = {};
        EVENT_FIELDS.forEach((name, i) => { event[name] = fieldValue(fields[i]); });
        console.log("EVENT " + JSON.stringify(event));
      });
      await new Promise((resolve) => item.once("initialized", resolve));
      console.log("EVENTS " + rest[0]);
    } else if (command === "ack") {
      const [conditionId, eventIdHex, ...words] = rest;
      const result = await session.call({ objectId: conditionId, methodId: "ns=0;i=9111", inputArguments: [
        { dataType: DataType.ByteString, value: Buffer.from(eventIdHex, "hex") },
        { dataType: DataType.LocalizedText, value: { text: words.join(" ") } }] });
      console.log("ACKED " + statusName(result.statusCode));
    } else if (command === "refresh") {
      const result = await session.call({ objectId: "ns=0;i=2782", methodId: "ns=0;i=3875", inputArguments: [
        { dataType: DataType.UInt32, value: eventSubscription.subscriptionId }] });
      console.log("REFRESHED " + statusName(result.statusCode));
    } else if (command === "monitor") {
      const count = parseInt(rest[0], 10);
      const interval = parseInt(rest[2], 10);
      const sub = ClientSubscription.create(session, { requestedPublishingInterval: interval,
        requestedMaxKeepAliveCount: 20, requestedLifetimeCount: 600, publishingEnabled: true, maxNotificationsPerPublish: 0 });
      const items = [];
      for (let i = 0; i < count; i++) items.push({ nodeId: rest[1] + i, attributeId: AttributeIds.Value });
      const group = ClientMonitoredItemGroup.create(sub, items, { samplingInterval: interval, queueSize: 1,
        discardOldest: true }, TimestampsToReturn.Both);
      group.on("changed", () => { changes++; });
      console.log("MONITORING " + count);
    } else if (command === "write") {
      const [nodeId, type, json] = rest;
      const value = JSON.parse(json);
      const status = await session.write({ nodeId, attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType[type], arrayType: VariantArrayType.Scalar,
          value: type === "Int64" ? [0, value] : value } } });
      console.log("WRITTEN " + nodeId + " " + statusName(status));
    } else if (command === "call") {
      const [objectId, methodId, action, args] = rest;
      const result = await session.call({ objectId, methodId, inputArguments: [
        { dataType: DataType.String, value: action }, { dataType: DataType.String, value: args || "" }] });
      console.log("CALLED " + statusName(result.statusCode) + " "
        + JSON.stringify((result.outputArguments || []).map((v) => v.value)));
    } else if (command === "stats") {
      const cpu = process.cpuUsage(started);
      const seconds = (Date.now() - startedAt) / 1000;
      console.log("STATS " + JSON.stringify({ changes, cpuSeconds: (cpu.user + cpu.system) / 1e6, seconds,
        rssMb: Math.round(process.memoryUsage().rss / 1048576) }));
    } else if (command === "disconnect") {
      if (session) await session.close();
      if (client) await client.disconnect();
      session = undefined;
      subscription = undefined;
      eventSubscription = undefined;
      console.log("DISCONNECTED");
    }
  } catch (e) {
    console.log("ERROR " + command + " " + (e.message || e).toString().split("\n")[0]);
  }
}

let queue = Promise.resolve();
readline.createInterface({ input: process.stdin })
  .on("line", (line) => { queue = queue.then(() => handle(line)); })
  .on("close", () => { queue.then(async () => { if (session) await session.close(); if (client) await client.disconnect(); process.exit(0); }); });
console.log("READY");
