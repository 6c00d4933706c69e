const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({ region: 'eu-west-1' });

async function saveImage(key, body) {
  await s3.send(new PutObjectCommand({ Bucket: 'shop-prod-images', Key: key, Body: body }));
}

module.exports = { saveImage };
