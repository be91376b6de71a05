# Handover of a plan from school to school (S5).

basis-handover = Handover with the family's consent
