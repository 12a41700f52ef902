// htm bound to Preact's h: the app's templates. htm comes from the CDN script in the shell, or its local fallback.
import { h } from 'preact';

export const html = window.htm.bind(h);
