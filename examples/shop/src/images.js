const { execFile } = require('child_process');

function thumbnail(input, output, done) {
  execFile('ffmpeg', ['-y', '-i', input, '-vf', 'scale=400:-1', output], done);
}

module.exports = { thumbnail };
