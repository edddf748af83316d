'use strict';
// The slow data source that the cache saves trips to (a database, in real life).

const USERS = [
  { id: '1', name: 'Ada Lovelace', role: 'admin' },
  { id: '2', name: 'Grace Hopper', role: 'dev' },
  { id: '3', name: 'Katherine Johnson', role: 'dev' },
];

const stats = { lookups: 0 };

async function find(id) {
  stats.lookups += 1;
  return USERS.find((u) => u.id === id) || null;
}

async function list({ role } = {}) {
  stats.lookups += 1;
  return role ? USERS.filter((u) => u.role === role) : USERS;
}

module.exports = { find, list, stats };
