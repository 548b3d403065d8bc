import tensorflow as tf
from tensorflow.keras import layers


# input: 28x28x1
class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.conv1 = layers.Conv2D(16, 3, activation="relu")
        self.conv2 = layers.Conv2D(32, 3, activation="relu")
        self.flatten = layers.Flatten()
        self.fc = layers.Dense(10)

    def call(self, x):
        x = self.conv1(x)
        x = self.conv2(x)
        return self.fc(self.flatten(x))
