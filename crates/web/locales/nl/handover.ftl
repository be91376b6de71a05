# Handover (overdracht) of a plan from school to school (S5).

basis-handover = Overdracht met toestemming van de familie
