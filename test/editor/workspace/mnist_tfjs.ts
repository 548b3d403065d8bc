import * as tf from '@tensorflow/tfjs';

// A small TF.js convnet for 28×28 grey digits.
const model = tf.sequential();
model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }));
model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }));
model.add(tf.layers.flatten());
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
