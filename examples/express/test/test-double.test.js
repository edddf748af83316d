'use strict';
// What only a test double can do, used from Node over the wire: read the
// command log (REDISTILL LOG), make Redis misbehave (REDISTILL FAULT), take it
// down for a while (REDISTILL OUTAGE) and watch it with MONITOR.
//
// REDISTILL RESET before each test also empties the log and clears faults.

const { after, before, beforeEach, describe, it } = require('node:test');
const assert = require('node:assert/strict');
const request = require('supertest');
const Redis = require('ioredis');

const { createApp } = require('../app');
const { connect } = require('../redis');
const users = require('../users');
const { startRedistill } = require('./redistill');

// REDISTILL LOG GET answers one flat field/value array per command (RESP2).
function entries(raw) {
  return raw.map((fields) => {
    const entry = {};
    for (let i = 0; i < fields.length; i += 2) entry[fields[i]] = fields[i + 1];
    return entry;
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('test-double powers', () => {
  let server; // only when this suite started its own
  let url;
  let redis; // the app's connection
  let control; // the test's own connection
  let app;
  const redisErrors = [];

  const log = async () => entries(await control.call('REDISTILL', 'LOG', 'GET'));
  const commandsOf = async (id) =>
    (await log()).filter((e) => e['client-id'] === id).map((e) => e.argv.join(' '));

  async function get(path, status = 200) {
    const res = await request(app).get(path).expect(status);
    await redis.ping(); // the fire-and-forget SETEX went out before this PING
    return res;
  }

  before(async () => {
    url = process.env.REDIS_URL;
    if (!url) {
      server = await startRedistill();
      url = server.url;
    }
    redis = connect(url, { log: (message) => redisErrors.push(message) });
    control = new Redis(url);
    control.on('error', () => {}); // the outage test drops it; it reconnects by itself
    app = createApp({ redis });
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

  it('serves the second request from the cache without SETEX (command log)', async () => {
    await get('/api/users/1');
    const appId = await redis.client('ID');
    await control.call('REDISTILL', 'LOG', 'RESET');
    await get('/api/users/1');
    assert.deepEqual(await commandsOf(appId), ['get api:/api/users/1', 'ping']);
  });

  it('records the time on the server clock and the error of a failed command', async () => {
    await control.call('REDISTILL', 'CLOCK', 'SET', '1700000000');
    await assert.rejects(control.call('NOSUCH'), /unknown command/);
    const [entry] = await log();
    assert.equal(entry.time, '1700000000.000000');
    assert.deepEqual(entry.argv, ['NOSUCH']);
    assert.match(entry.error, /^ERR unknown command 'NOSUCH'/);
    assert.equal(await control.call('REDISTILL', 'LOG', 'LEN'), 1);
  });

  it('falls back to the data source when Redis answers LOADING', async () => {
    await control.call('REDISTILL', 'FAULT', 'ERROR', 'get', 'LOADING', 'TIMES', '1');
    const res = await request(app).get('/api/users/1').expect(200);
    assert.equal(res.headers['x-cache'], undefined); // the middleware gave up on Redis
    assert.equal(users.stats.lookups, 1);
    assert.equal((await get('/api/users/1')).headers['x-cache'], 'MISS'); // fault spent
  });

  it('gives up on a slow GET after its commandTimeout and still answers', async () => {
    await control.call('REDISTILL', 'FAULT', 'DELAY', 'get', '2', 'TIMES', '1');
    const began = Date.now();
    const res = await request(app).get('/api/users/2').expect(200);
    assert.ok(Date.now() - began < 1500, 'the 500 ms commandTimeout should have fired');
    assert.equal(res.body.name, 'Grace Hopper');
    assert.equal(users.stats.lookups, 1);
  });

  it('lists and clears faults', async () => {
    const id = await control.call('REDISTILL', 'FAULT', 'STALL', 'setex', 'KEY', 'api:*');
    const [fault] = entries(await control.call('REDISTILL', 'FAULT', 'LIST'));
    assert.equal(fault.id, id);
    assert.equal(fault.kind, 'stall');
    assert.equal(fault.key, 'api:*');
    assert.equal(await control.call('REDISTILL', 'FAULT', 'CLEAR', String(id)), 1);
  });

  it('reconnects by itself after an outage, with the data kept', async () => {
    await control.set('kept', 'yes');
    const trigger = new Redis(url, { retryStrategy: () => null });
    trigger.on('error', () => {});
    await trigger.call('REDISTILL', 'OUTAGE', '0.5'); // drops this connection too
    trigger.disconnect();
    await sleep(100);
    // During the outage the route still answers, from the data source.
    await request(app).get('/api/users/3').expect(200);
    assert.equal(users.stats.lookups, 1);
    // ioredis's retryStrategy brings both connections back.
    const deadline = Date.now() + 5000;
    while (redis.status !== 'ready' && Date.now() < deadline) await sleep(50);
    assert.equal(redis.status, 'ready');
    assert.equal(await control.get('kept'), 'yes');
    assert.equal((await get('/api/users/3')).headers['x-cache'], 'MISS');
    assert.equal((await get('/api/users/3')).headers['x-cache'], 'HIT');
  });

  it('shows the app traffic on MONITOR', async () => {
    const base = new Redis(url);
    const monitor = await base.monitor();
    const seen = [];
    monitor.on('monitor', (time, args) => seen.push(args.join(' ')));
    await get('/api/users/1');
    await sleep(50);
    monitor.disconnect();
    base.disconnect();
    assert.ok(seen.includes('get api:/api/users/1'), seen.join('\n'));
    assert.ok(seen.some((line) => line.startsWith('setex api:/api/users/1 300 ')), seen.join('\n'));
  });
});
