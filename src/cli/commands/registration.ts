import type { Command } from 'commander';
import type { RunContext } from '../context.js';

/**
 * Wraps a command's run so that commander can call it: applies the global flags (--debug) and keeps the exit
 * code the run returns.
 */
export type Action = <A extends unknown[]>(
  run: (...args: A) => Promise<number>,
) => (...args: A) => Promise<void>;

/** What a command group's registration gets: the program to add to, the run's context, and the wrapper. */
export interface Registration {
  program: Command;
  context: RunContext;
  action: Action;
}

/** A command group: declares its commands (cheap); each command's module is loaded only when it runs. */
export type RegisterGroup = (registration: Registration) => void;
