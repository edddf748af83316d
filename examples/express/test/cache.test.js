'use strict';
// The caching middleware against a real redistill-server process, the way a CI
// job runs it: one server for the suite, REDISTILL RESET before each test, and
// REDISTILL CLOCK ADVANCE instead of waiting for TTLs to run out.
//
// With REDIS_URL set (a server started by the CI job, see docs/ci-service.md)
// the suite uses that server; otherwise it starts its own.

const { after, before, beforeEach, describe, it } = require('node:test');
const assert = require('node:assert/strict');
const request = require('supertest');
const Redis = require('ioredis');

const { createApp } = require('../app');
const { connect } = require('../redis');
const users = require('../users');
const { startRedistill } = require('./redistill');

describe('JSON cache middleware', () => {
  let server; // only when this suite started its own
  let redis; // the app's connection
  let control; // the test's own connection, for assertions and time travel
  let app;
  let startTime;

  const advance = (seconds) => control.call('REDISTILL', 'CLOCK', 'ADVANCE', String(seconds));

  // GET a path. The middleware's SETEX is fire-and-forget, so PING the app's
  // own connection (replies come in order) before looking at what it stored.
  async function get(path, status = 200) {
    const res = await request(app).get(path).expect(status);
    await redis.ping();
    return res;
  }

  before(async () => {
    let url = process.env.REDIS_URL;
    if (!url) {
      server = await startRedistill();
      url = server.url;
    }
    redis = connect(url);
    control = new Redis(url);
    app = createApp({ redis });
    await control.call('REDISTILL', 'RESET');
    startTime = await control.call('REDISTILL', 'CLOCK', 'GET');
  });

  after(async () => {
    redis.disconnect();
    control.disconnect();
    if (server) await server.stop();
  });

  beforeEach(async () => {
    await control.call('REDISTILL', 'RESET');
    users.stats.lookups = 0;
  });

  it('answers the first request from the data source: X-Cache MISS', async () => {
    const res = await get('/api/users/1');
    assert.equal(res.headers['x-cache'], 'MISS');
    assert.deepEqual(res.body, { id: '1', name: 'Ada Lovelace', role: 'admin' });
    assert.equal(users.stats.lookups, 1);
  });

  it('answers the second request from Redis: X-Cache HIT, no lookup', async () => {
    const first = await get('/api/users/1');
    const second = await get('/api/users/1');
    assert.equal(second.headers['x-cache'], 'HIT');
    assert.deepEqual(second.body, first.body);
    assert.equal(users.stats.lookups, 1);
  });

  it('stores the JSON under api:<originalUrl> for exactly 300 seconds', async () => {
    const res = await get('/api/users/2');
    assert.equal(await control.get('api:/api/users/2'), JSON.stringify(res.body));
    assert.equal(await control.ttl('api:/api/users/2'), 300);
    assert.equal(await control.pttl('api:/api/users/2'), 300000);
  });

  it('misses again once 301 seconds pass on the server clock', async () => {
    assert.equal((await get('/api/users/1')).headers['x-cache'], 'MISS');
    assert.equal((await get('/api/users/1')).headers['x-cache'], 'HIT');
    await advance(301);
    assert.equal(await control.exists('api:/api/users/1'), 0);
    assert.equal((await get('/api/users/1')).headers['x-cache'], 'MISS');
    assert.equal(users.stats.lookups, 2);
  });

  it('still hits one millisecond before the TTL runs out', async () => {
    await get('/api/users/1');
    await advance(299.999);
    assert.equal(await control.pttl('api:/api/users/1'), 1);
    assert.equal((await get('/api/users/1')).headers['x-cache'], 'HIT');
  });

  it('keeps the query string in the key', async () => {
    const devs = await get('/api/users?role=dev');
    assert.equal(devs.headers['x-cache'], 'MISS');
    assert.equal(devs.body.length, 2);
    assert.equal((await get('/api/users')).headers['x-cache'], 'MISS');
    const keys = (await control.keys('api:*')).sort();
    assert.deepEqual(keys, ['api:/api/users', 'api:/api/users?role=dev']);
    assert.equal((await get('/api/users?role=dev')).headers['x-cache'], 'HIT');
  });

  it('does not cache errors', async () => {
    assert.equal((await get('/api/users/99', 404)).headers['x-cache'], 'MISS');
    assert.equal(await control.exists('api:/api/users/99'), 0);
    assert.equal((await get('/api/users/99', 404)).headers['x-cache'], 'MISS');
  });

  it('leaves routes without the middleware alone', async () => {
    const res = await get('/health');
    assert.equal(res.headers['x-cache'], undefined);
    assert.equal(await control.dbsize(), 0);
  });

  it('starts every test on an empty server at the start time (REDISTILL RESET)', async () => {
    assert.equal(await control.dbsize(), 0);
    assert.equal(await control.call('REDISTILL', 'CLOCK', 'GET'), startTime);
    await get('/api/users/3');
    await advance(3600);
    await control.call('REDISTILL', 'RESET');
    assert.equal(await control.dbsize(), 0);
    assert.equal(await control.call('REDISTILL', 'CLOCK', 'GET'), startTime);
  });

  it('reports the new time after CLOCK ADVANCE', async () => {
    const now = Number(await control.call('REDISTILL', 'CLOCK', 'GET'));
    const later = Number(await advance(0.25));
    assert.equal(Math.round((later - now) * 1000), 250);
  });
});
