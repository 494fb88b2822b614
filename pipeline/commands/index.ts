// Every CLI command, in the order the main help lists them. Adding a command is adding a line.

import { assessCommand } from './assess.js';
import { buildCommand, checkCommand } from './build.js';
import { explainCommand } from './explain.js';
import { packetsCommand } from './packets.js';
import { publishCommand } from './publish.js';
import { sendCommand } from './send.js';
import type { Command } from './types.js';
import { watchCommand } from './watch.js';

export const COMMANDS: readonly Command[] = [
  buildCommand,
  checkCommand,
  assessCommand,
  explainCommand,
  publishCommand,
  packetsCommand,
  sendCommand,
  watchCommand,
];
