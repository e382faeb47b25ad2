import { pino, type Logger as PinoLogger } from "pino";
import type { LogLevel } from "./settings.js";

export type Logger = PinoLogger;

/** pino: readable lines when stdout is a terminal, JSON otherwise. */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const pretty = !destination && process.stdout.isTTY;
  if (pretty) {
    return pino({
      level,
      base: undefined,
      transport: { target: "pino-pretty", options: { colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" } },
    });
  }
  return pino({ level, base: undefined }, destination ?? process.stdout);
}
