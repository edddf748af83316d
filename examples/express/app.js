'use strict';
// An Express API that caches JSON responses in Redis with ioredis.
//
// Nothing here knows about redistill: the app gets an ioredis client and uses
// GET and SETEX. The tests hand it a client connected to a redistill-server and
// move that server's clock with REDISTILL CLOCK ADVANCE.

const express = require('express');
const users = require('./users');

// Cache a route's JSON for `ttl` seconds under `api:<url>`. When Redis is
// unreachable the route still answers, just without the cache.
function cacheMiddleware(redis, ttl = 300) {
  return async (req, res, next) => {
    const key = `api:${req.originalUrl}`;
    try {
      const cached = await redis.get(key);
      if (cached !== null) {
        res.set('X-Cache', 'HIT');
        return res.json(JSON.parse(cached));
      }
      res.set('X-Cache', 'MISS');
      const json = res.json.bind(res);
      res.json = (data) => {
        if (res.statusCode === 200) {
          redis.setex(key, ttl, JSON.stringify(data)).catch(() => {});
        }
        return json(data);
      };
      next();
    } catch {
      next();
    }
  };
}

function createApp({ redis, ttl = 300 }) {
  const app = express();
  const cache = cacheMiddleware(redis, ttl);

  app.get('/api/users/:id', cache, async (req, res) => {
    const user = await users.find(req.params.id);
    if (!user) {
      return res.status(404).json({ error: `no user ${req.params.id}` });
    }
    res.json(user);
  });

  app.get('/api/users', cache, async (req, res) => {
    res.json(await users.list({ role: req.query.role }));
  });

  app.get('/health', (req, res) => {
    res.json({ ok: true });
  });

  return app;
}

module.exports = { createApp, cacheMiddleware };
