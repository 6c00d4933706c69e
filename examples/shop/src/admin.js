const { execSync } = require('child_process');

// Pulls the latest code into the running container.
function selfUpdate() {
  execSync('git pull origin main');
}

module.exports = { selfUpdate };
