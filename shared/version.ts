// The one version, read from package.json: esbuild keeps only this field of the JSON in each bundle.
import { version } from '../package.json';

export const VERSION: string = version;
