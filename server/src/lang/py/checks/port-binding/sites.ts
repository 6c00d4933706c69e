// Which Python files the port-binding rules leave alone, whatever they bind.

/** Django management commands are run by hand (a webhook listener to debug with): no platform routes to them. */
export const MANAGEMENT_COMMAND = /(^|\/)management\/commands\//;
