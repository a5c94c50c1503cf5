'use strict';
// Preloaded (`node -r watchdog.js n8n ...`) into every n8n process the harness spawns. If the
// process that spawned n8n goes away without cleaning up (jest killed, a crash, Ctrl-C in the
// wrong place), n8n and its task runners would live on, holding ports. This checks the parent
// once a second and takes the whole process group down when the parent is gone.

const expectedParent = Number(process.env.HARNESS_PARENT_PID || process.ppid);

// Only for the process it was loaded into: keep it out of anything n8n forks (fork() would
// inherit `-r watchdog.js` from execArgv, and a forked child's parent is n8n, not the harness).
for (let index = process.execArgv.length - 1; index >= 0; index--) {
	if (process.execArgv[index] === __filename && ['-r', '--require'].includes(process.execArgv[index - 1])) {
		process.execArgv.splice(index - 1, 2);
		index--;
	}
}
delete process.env.HARNESS_PARENT_PID;

function parentGone() {
	if (process.ppid !== expectedParent) return true;
	try {
		process.kill(expectedParent, 0);
		return false;
	} catch (error) {
		return error.code !== 'EPERM';
	}
}

const timer = setInterval(() => {
	if (!parentGone()) return;
	clearInterval(timer);
	// The harness spawns n8n as a process-group leader, so this reaches its task runners too.
	// Ask nicely first (n8n shuts down cleanly on SIGTERM), then insist.
	signalGroup('SIGTERM');
	setTimeout(() => signalGroup('SIGKILL'), 15000).unref();
}, 1000);

function signalGroup(signal) {
	try {
		process.kill(-process.pid, signal);
	} catch {
		process.kill(process.pid, signal);
	}
}
timer.unref();
