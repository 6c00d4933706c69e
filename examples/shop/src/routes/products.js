const express = require('express');
const multer = require('multer');

const router = express.Router();
const upload = multer({ dest: 'uploads/' });

router.post('/:id/image', upload.single('image'), (req, res) => {
  res.status(201).json({ id: req.params.id, image: req.file.filename });
});

module.exports = router;
