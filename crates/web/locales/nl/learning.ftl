# The learning network (S6).

basis-learning = Lerend netwerk
