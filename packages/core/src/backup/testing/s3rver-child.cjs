'use strict';
// Runs s3rver in its own process (started with --openssl-legacy-provider, which its paging needs)
// and reports the bound address as one JSON line on stdout.
const S3rver = require('s3rver');

const [directory, bucket, port] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port || 0),
  silent: true,
  directory,
  configureBuckets: bucket ? [{ name: bucket }] : [],
});
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\n'),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
    process.exit(1);
  },
);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
