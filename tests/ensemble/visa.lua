-- visa: the baseline, and BB requires visas of XXA from 2022-03-01, announced 2022-02-15
-- (departures by air at rush 2 in between). Nothing differs from the baseline before 2022-02-15.
require("ensworld").build("ens_visa")
visa_change { country = "BB", nationality = "XXA", free = false, date = "2022-03-01", announced = "2022-02-15",
              label = "BB requires visas of XXA" }
