// A Node.js service on the eureka-js-client package from npm, pointed at the registry's Eureka API.
// Usage: node client.js <registry port> <instance id> <app port>
// Prints REGISTERED, HEARTBEAT and FETCHED PAYMENT-SERVICE=<id@host:port,...> lines; on SIGTERM deregisters, prints DEREGISTERED, exits.
const { Eureka } = require('eureka-js-client');

const [registryPort, instanceId, appPort] = process.argv.slice(2);
const client = new Eureka({
  instance: {
    app: 'NODE-SERVICE',
    instanceId,
    hostName: '127.0.0.1',
    ipAddr: '127.0.0.1',
    port: { '$': Number(appPort), '@enabled': true },
    vipAddress: 'node-service',
    statusPageUrl: `http://127.0.0.1:${appPort}/info`,
    dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
    metadata: { zone: 'eu-1', runtime: 'node' },
  },
  eureka: {
    host: '127.0.0.1',
    port: Number(registryPort),
    servicePath: '/eureka/apps/',
    heartbeatInterval: 1000,
    registryFetchInterval: 1000,
    maxRetries: 3,
  },
  // After the first full fetch, fetch only the changes (GET /eureka/apps/delta).
  shouldUseDelta: true,
  logger: { debug() {}, info() {}, warn: console.error, error: console.error },
});

client.on('registered', () => console.log('REGISTERED'));
client.on('heartbeat', () => console.log('HEARTBEAT'));
// Deltas update the cache without an event: print the view whenever it changes.
let printed = null;
setInterval(() => {
  const ids = client.cache.app['PAYMENT-SERVICE'] || [];
  const view = ids.map((i) => `${i.instanceId}@${i.hostName}:${i.port.$}`).sort().join(',');
  if (view !== printed) {
    console.log(`FETCHED PAYMENT-SERVICE=${view}`);
    printed = view;
  }
}, 200);
process.on('SIGTERM', () => client.stop(() => {
  console.log('DEREGISTERED');
  process.exit(0);
}));
client.start();
