// The first layer states no inputShape: TF.js throws when it builds this model.
import * as tf from '@tensorflow/tfjs';

const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ filters: 16, kernelSize: 3 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 10 }),
  ],
});
