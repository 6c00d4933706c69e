require('dotenv').config();
