'use strict';
// Production entry point: REDIS_URL=redis://host:6379/0 node server.js
const { connect } = require('./redis');
const { createApp } = require('./app');

const port = Number(process.env.PORT || 3000);
createApp({ redis: connect() }).listen(port, () => {
  console.log(`listening on http://127.0.0.1:${port}`);
});
