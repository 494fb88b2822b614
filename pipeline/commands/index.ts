// Every CLI command, in the order the main help lists them. Adding a command is adding a line.

import { assessCommand } from './assess.js';
import { buildCommand, checkCommand } from './build.js';
import type { Command } from './types.js';

export const COMMANDS: readonly Command[] = [buildCommand, checkCommand, assessCommand];
