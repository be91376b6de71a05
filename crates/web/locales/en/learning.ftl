# The learning network (S6).

basis-learning = Learning network
