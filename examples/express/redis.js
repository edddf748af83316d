'use strict';
// The app's Redis connection. Fail fast when Redis is away, so requests fall
// back to the data source instead of waiting in ioredis's offline queue.
const Redis = require('ioredis');

function connect(url = process.env.REDIS_URL || 'redis://127.0.0.1:6379/0', { log = console.error } = {}) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 });
  redis.on('error', (err) => log(`redis: ${err.message}`));
  return redis;
}

module.exports = { connect };
