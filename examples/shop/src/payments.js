const Stripe = require('stripe');

const stripe = new Stripe('sk_live_51H8xQ2eZvKYlo2C8Nf3kLmP9qRtW');

async function charge(amountCents, customerId) {
  return stripe.paymentIntents.create({ amount: amountCents, currency: 'usd', customer: customerId });
}

module.exports = { charge };
