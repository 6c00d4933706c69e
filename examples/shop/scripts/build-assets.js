// Copies the storefront's static assets into public/.
const fs = require('fs');
const path = require('path');

fs.cpSync(path.join(__dirname, '..', 'assets'), path.join(__dirname, '..', 'public'), { recursive: true });
