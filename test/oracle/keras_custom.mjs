// Keras custom layers (subclasses of keras.layers.Layer) for the tfjs twins of test/fixtures/keras.
//
// tfjs runs a layer's call() only on concrete tensors, and its weight lists see only the weights the layer owns
// itself. Keras 3 builds a custom layer without its own build() by running call() once, which builds the
// sublayers call() uses, and counts their weights in the layer's. `customLayer(tf)` gives a tfjs layer that does
// the same: on build it runs the twin's build(), then its call() on zeros of the input shape (batch 1), which
// builds the sublayers with the shapes they really get; its output shape is that of the same run; its weights are
// its own (addWeight) and its sublayers'. Nothing is computed by hand: tfjs runs every op of the twin's call().
//
//   const Custom = customLayer(tf);
//   new Custom(name, {
//     subs: [layers…],                     sublayers (tfjs layers or models), their weights count in this layer's
//     build(self, inputShape) {…},         optional: add weights (self.addWeight) or make sublayers (self.subs.push)
//     call(self, x) { return …; },         tfjs ops on concrete tensors
//   });
//
// `layer.trainable = false` on such a layer makes all its weights non-trainable, sublayers' included (Keras's setter).

/** Zeros of a (possibly nested) input shape, the batch dim as 1. */
function zerosOf(tf, shape) {
  if (Array.isArray(shape[0])) return shape.map((s) => zerosOf(tf, s));
  return tf.zeros(shape.map((d, i) => (i === 0 ? 1 : d)));
}

export function customLayer(tf) {
  class Custom extends tf.layers.Layer {
    constructor(name, spec) {
      super({ name });
      this.spec = spec;
      this.subs = [...(spec.subs ?? [])];
    }

    build(inputShape) {
      this.spec.build?.(this, inputShape);
      tf.tidy(() => { this.spec.call(this, zerosOf(tf, inputShape)); });
      this.built = true;
    }

    computeOutputShape(inputShape) {
      let shape;
      tf.tidy(() => { shape = this.spec.call(this, zerosOf(tf, inputShape)).shape; });
      return [null, ...shape.slice(1)];
    }

    call(inputs) {
      return tf.tidy(() => this.spec.call(this, Array.isArray(inputs) && inputs.length === 1 ? inputs[0] : inputs));
    }

    get trainableWeights() {
      if (!this.trainable) return [];
      return [...super.trainableWeights, ...this.subs.flatMap((s) => s.trainableWeights)];
    }

    get nonTrainableWeights() {
      const subs = this.subs.flatMap((s) => (this.trainable ? s.nonTrainableWeights : [...s.trainableWeights, ...s.nonTrainableWeights]));
      return [...super.nonTrainableWeights, ...subs];
    }

    static get className() {
      return 'Custom';
    }
  }
  return Custom;
}

/**
 * Keras's MultiHeadAttention for self-attention on (batch, T, E) inputs, built from tfjs layers with the same
 * weights: Keras's query/key/value EinsumDense kernels (E, heads, key_dim) with biases (heads, key_dim) hold what a
 * Dense(heads·key_dim) holds, its output EinsumDense (heads, value_dim, E) with bias (E) what a Dense(E) does.
 * Its sublayers are named as Keras names them (query, key, value, attention_output), drawing no automatic name;
 * `onBuild` runs when it is built (Keras then makes an unnamed Softmax and Dropout, which draw automatic names).
 */
export function multiHeadAttention(tf, name, { numHeads, keyDim, onBuild }) {
  const Custom = customLayer(tf);
  const dense = (units, n) => tf.layers.dense({ units, name: `${name}/${n}` });
  const q = dense(numHeads * keyDim, 'query'), k = dense(numHeads * keyDim, 'key'), v = dense(numHeads * keyDim, 'value');
  let out = null;
  const heads = (t) => t.reshape([t.shape[0], t.shape[1], numHeads, keyDim]).transpose([0, 2, 1, 3]);
  return new Custom(name, {
    subs: [q, k, v],
    build(self, inputShape) {
      out = tf.layers.dense({ units: inputShape[inputShape.length - 1], name: `${name}/attention_output` });
      self.subs.push(out);
      onBuild?.();
    },
    call(_self, x) {
      const scores = tf.matMul(heads(q.apply(x)), heads(k.apply(x)), false, true).div(Math.sqrt(keyDim)).softmax();
      const ctx = tf.matMul(scores, heads(v.apply(x))).transpose([0, 2, 1, 3]);
      return out.apply(ctx.reshape([x.shape[0], x.shape[1], numHeads * keyDim]));
    },
  });
}
