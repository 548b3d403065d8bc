# The same question in Keras: the filter depth f is never written — Layer Lens infers it from the chain.
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),   # 3×3×1 filters ×16 → 160 params
    layers.Conv2D(32, 3, activation="relu"),   # 3×3×16 filters ×32 → 4,640 params
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
