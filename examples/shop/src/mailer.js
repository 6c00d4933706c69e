module.exports = { from: process.env.MAIL_FROM || 'shop@localhost' };
