'use strict';
// Run redistill-server for a Node test suite: start it as a separate process
// on a free port, wait for its ready line, stop it at the end.
//
// Copy this file into your project's test folder. It finds the server by:
//   REDISTILL_SERVER_CMD  a whole command, e.g. "redistill-server" or
//                         "/opt/venv/bin/python -m redistill" (split on spaces)
//   REDISTILL_PYTHON      else: the Python that has redistill installed,
//                         run as "<python> -m redistill" (default: python3)
//
// Time control goes over the wire with any client:
//   await redis.call('REDISTILL', 'CLOCK', 'ADVANCE', '301');
//   await redis.call('REDISTILL', 'RESET');

const { spawn } = require('node:child_process');

// The line the server prints once it accepts connections:
//   redistill-server ready on 127.0.0.1:43117 (clock: virtual)
const READY = /ready on (?:\[[^\]]*\]|[^\s:]+):(\d+)/;

function serverCommand() {
  const custom = process.env.REDISTILL_SERVER_CMD;
  if (custom && custom.trim()) {
    return custom.trim().split(/\s+/);
  }
  return [process.env.REDISTILL_PYTHON || 'python3', '-m', 'redistill'];
}

/**
 * Start a redistill-server and resolve once it accepts connections.
 * @param {{args?: string[], port?: number, timeoutMs?: number}} options
 * @returns {Promise<{port: number, url: string, child: import('node:child_process').ChildProcess, stop: () => Promise<void>}>}
 */
function startRedistill({ args = [], port = 0, timeoutMs = 15000 } = {}) {
  const [command, ...prefix] = serverCommand();
  const child = spawn(command, [...prefix, '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`redistill-server was not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    function fail(err) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      err.message +=
        `\ncommand: ${[command, ...prefix].join(' ')}` +
        ' (set REDISTILL_PYTHON to a Python with redistill installed, or REDISTILL_SERVER_CMD)' +
        `\noutput:\n${output}`;
      reject(err);
    }
    function onData(chunk) {
      output += chunk;
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve(Number(match[1]));
      }
    }
    function onExit(code, signal) {
      fail(new Error(`redistill-server exited (${signal || `code ${code}`}) before it was ready`));
    }
    child.on('error', (err) => fail(err));
    child.once('exit', onExit);
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
  });

  return ready.then((boundPort) => ({
    port: boundPort,
    url: `redis://127.0.0.1:${boundPort}/0`,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  }));
}

module.exports = { startRedistill };
