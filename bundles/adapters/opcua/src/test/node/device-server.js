// A building-management OPC UA server played by node-opcua, for the adapter's interop tests and benchmark.
// Usage: node device-server.js --port P --pki DIR [--items N --updateMs MS] [--no-anonymous]
// Prints "READY <port>" when it listens; reads commands on stdin, one per line:
//   set <name> <json value>   changes a variable (e.g. set Hvac.SupplyTemp 21.5)
//   stats                     prints "STATS {json}" with the process' CPU and memory
// and prints "WRITE <name> <json>" / "CALL <name>" when a client writes or calls, "AUTH <user> accepted|refused"
// at every user-name log-in.
// Binds 127.0.0.1 only and advertises 127.0.0.1, so nothing leaves loopback.
const path = require("path");
const readline = require("readline");
const {
  OPCUAServer, Variant, DataType, StatusCodes, MessageSecurityMode, SecurityPolicy, OPCUACertificateManager,
} = require("node-opcua");

function arg(name, fallback) {
  const i = process.argv.indexOf("--" + name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const flag = (name) => process.argv.includes("--" + name);

const port = parseInt(arg("port", "0"), 10);
const pki = arg("pki", path.join(__dirname, "pki"));
const items = parseInt(arg("items", "0"), 10);
const updateMs = parseInt(arg("updateMs", "250"), 10);

const USERS = { bms: "bms-pass" };

(async () => {
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: path.join(pki, "server"), automaticallyAcceptUnknownCertificate: true,
  });
  await serverCertificateManager.initialize();
  const server = new OPCUAServer({
    port, host: "127.0.0.1", hostname: "127.0.0.1", alternateHostname: [],
    resourcePath: "/bms",
    serverCertificateManager,
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    allowAnonymous: !flag("no-anonymous"),
    // Every log-in attempt is printed, so a test can count how often the hub tries a wrong password.
    userManager: { isValidUser: (user, password) => {
      const ok = USERS[user] === password;
      console.log("AUTH " + user + " " + (ok ? "accepted" : "refused"));
      return ok;
    } },
    maxConnectionsPerEndpoint: 50,
    serverInfo: { applicationUri: "urn:yakata:test:bms", productUri: "urn:yakata:test:bms" },
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  const ns = addressSpace.getOwnNamespace();
  const vars = {};

  function variable(parent, name, dataType, value, writable) {
    const v = ns.addVariable({
      componentOf: parent, browseName: name, nodeId: "s=" + name, dataType,
      accessLevel: writable ? "CurrentRead | CurrentWrite" : "CurrentRead",
      userAccessLevel: writable ? "CurrentRead | CurrentWrite" : "CurrentRead",
      value: new Variant({ dataType: DataType[dataType], value }),
    });
    v.on("value_changed", () => {});
    vars[name] = v;
    return v;
  }
  const writeLog = (name) => (dataValue) => console.log("WRITE " + name + " " + JSON.stringify(dataValue.value.value));

  const shutter = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: "Shutter1", nodeId: "s=Shutter1" });
  variable(shutter, "Shutter1.State", "Int32", 0, false);
  const position = variable(shutter, "Shutter1.Position", "Double", 100.0, true);
  const close = ns.addMethod(shutter, {
    browseName: "Close", nodeId: "s=Shutter1.Close",
    inputArguments: [{ name: "speed", dataType: DataType.Double }],
    outputArguments: [{ name: "result", dataType: DataType.String }],
  });
  close.bindMethod((inputArguments, context, callback) => {
    const speed = inputArguments[0].value;
    console.log("CALL Shutter1.Close " + JSON.stringify(speed));
    if (speed <= 0) {
      return callback(null, { statusCode: StatusCodes.BadInvalidArgument });
    }
    vars["Shutter1.State"].setValueFromSource(new Variant({ dataType: DataType.Int32, value: 2 }));
    callback(null, { statusCode: StatusCodes.Good, outputArguments: [{ dataType: DataType.String, value: "closing" }] });
  });

  const hvac = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: "Hvac", nodeId: "s=Hvac" });
  variable(hvac, "Hvac.SupplyTemp", "Double", 18.0, false);
  variable(hvac, "Hvac.Enabled", "Boolean", false, true);
  variable(hvac, "Hvac.Label", "String", "AHU-1", true);
  variable(hvac, "Hvac.Mode", "Byte", 1, true);
  const broken = variable(hvac, "Hvac.Broken", "Double", 0, false);
  broken.setValueFromSource(new Variant({ dataType: DataType.Double, value: 0 }), StatusCodes.BadSensorFailure);

  // node-opcua applies client writes itself; log them so the test sees what arrived.
  for (const name of ["Shutter1.Position", "Hvac.Enabled", "Hvac.Label", "Hvac.Mode"]) {
    vars[name].on("value_changed", (dv) => { if (dv.serverTimestamp) { /* value changes from any source */ } });
    const original = vars[name].writeValue.bind(vars[name]);
    vars[name].writeValue = (context, dataValue, indexRange, callback) => {
      writeLog(name)(dataValue);
      return original(context, dataValue, indexRange, callback);
    };
  }

  // Benchmark load: N Double variables under Bench, all changing every updateMs.
  const bench = [];
  let tick = 0;
  if (items > 0) {
    const folder = ns.addFolder(addressSpace.rootFolder.objects, { browseName: "Bench", nodeId: "s=Bench" });
    for (let i = 0; i < items; i++) {
      bench.push(ns.addVariable({ componentOf: folder, browseName: "B" + i, nodeId: "s=Bench." + i, dataType: "Double",
        value: new Variant({ dataType: DataType.Double, value: 0 }) }));
    }
    setInterval(() => {
      tick++;
      for (let i = 0; i < bench.length; i++) {
        bench[i].setValueFromSource(new Variant({ dataType: DataType.Double, value: tick + i / 1e6 }));
      }
    }, updateMs);
  }

  await server.start();
  console.log("READY " + server.endpoints[0].port);

  const started = process.cpuUsage();
  const startedAt = Date.now();
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    const [command, name, ...rest] = line.trim().split(" ");
    if (command === "set" && vars[name]) {
      const v = vars[name];
      const value = JSON.parse(rest.join(" "));
      v.setValueFromSource(new Variant({ dataType: v.dataTypeObj.basicDataType, value }));
      console.log("SET " + name);
    } else if (command === "stats") {
      const cpu = process.cpuUsage(started);
      const seconds = (Date.now() - startedAt) / 1000;
      console.log("STATS " + JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, seconds,
        rssMb: Math.round(process.memoryUsage().rss / 1048576), benchTicks: tick }));
    }
  }).on("close", async () => { await server.shutdown(0); process.exit(0); });
})().catch((e) => { console.error("FAILED " + (e && e.stack || e)); process.exit(1); });
