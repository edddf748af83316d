'use strict';
// When Redis is down the middleware's catch { next() } keeps the route
// answering from the data source; when Redis is back, caching resumes.
// This suite starts and stops its own redistill-server.

const { after, before, describe, it } = require('node:test');
const assert = require('node:assert/strict');
const request = require('supertest');

const { createApp } = require('../app');
const { connect } = require('../redis');
const users = require('../users');
const { startRedistill } = require('./redistill');

describe('when Redis is down', () => {
  let server;
  let redis;
  let app;
  const errors = [];

  before(async () => {
    server = await startRedistill();
    redis = connect(server.url, { log: (message) => errors.push(message) });
    app = createApp({ redis });
    await request(app).get('/api/users/1').expect('X-Cache', 'MISS');
    await redis.ping(); // the SETEX went out before this PING on the same connection
    await request(app).get('/api/users/1').expect('X-Cache', 'HIT');
    await server.stop();
  });

  after(async () => {
    if (redis) redis.disconnect();
    if (server) await server.stop();
  });

  it('the cached route still answers from the data source', async () => {
    const before = users.stats.lookups;
    const res = await request(app).get('/api/users/1').expect(200);
    assert.deepEqual(res.body, { id: '1', name: 'Ada Lovelace', role: 'admin' });
    assert.equal(users.stats.lookups, before + 1);
  });

  it('answers within the command timeout, not after ioredis gives up retrying', async () => {
    const started = Date.now();
    await request(app).get('/api/users/2').expect(200);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('caching resumes once Redis is back on the same port', async () => {
    server = await startRedistill({ port: server.port });
    const deadline = Date.now() + 15000;
    let cache;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      cache = (await request(app).get('/api/users/3').expect(200)).headers['x-cache'];
    } while (cache !== 'HIT' && Date.now() < deadline);
    assert.equal(cache, 'HIT');
  });
});
