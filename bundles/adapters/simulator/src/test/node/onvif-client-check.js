// Connects to the camera simulator with the npm `onvif` package (an independent ONVIF client) and prints what it
// reads, one line each, for OnvifSimulatorThirdPartyTest: INFO, PROFILES, SNAPSHOT, then EVENT lines as the pull point
// delivers them. Any error prints ERROR and ends the process with code 1.
'use strict';
const { Cam } = require('onvif');

const [hostname, port, username, password] = process.argv.slice(2);
const fail = (what, err) => {
  console.log('ERROR ' + what + ': ' + (err && err.message ? err.message : String(err)));
  process.exit(1);
};

const cam = new Cam({ hostname, port: Number(port), username, password, timeout: 10000, autoconnect: false });
cam.connect((err) => {
  if (err) return fail('connect', err);
  cam.getDeviceInformation((err, info) => {
    if (err) return fail('getDeviceInformation', err);
    console.log('INFO ' + JSON.stringify({ manufacturer: info.manufacturer, model: info.model, serial: info.serialNumber }));
    console.log('PROFILES ' + JSON.stringify(cam.profiles.map((p) => ({ token: p.$.token, name: p.name,
      source: p.videoSourceConfiguration && p.videoSourceConfiguration.sourceToken }))));
    cam.getSnapshotUri({ protocol: 'HTTP' }, (err, media) => {
      if (err) return fail('getSnapshotUri', err);
      console.log('SNAPSHOT ' + media.uri);
      cam.on('eventsError', (e) => console.log('EVENTS-ERROR ' + (e && e.message ? e.message : e)));
      cam.on('event', (message) => {
        const topic = message.topic && message.topic._ ? message.topic._ : JSON.stringify(message.topic);
        let items = message.message && message.message.message && message.message.message.data
          && message.message.message.data.simpleItem;
        if (items && !Array.isArray(items)) items = [items];
        const data = (items || []).map((i) => i.$.Name + '=' + i.$.Value).join(',');
        console.log('EVENT ' + JSON.stringify({ topic, data }));
      });
      console.log('READY');
    });
  });
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
