# The two commands of the README, plus the pieces they are made of.
.PHONY: run test build deps web clean

# Installs what is missing, builds the service and the dashboard, and runs the API with the
# dashboard on the embedded SQLite store at http://localhost:8000/.
run:
	./scripts/run.sh

# Every test of the project (C++, sanitizers, DynamoDB emulators, Terraform, dashboard, containers).
test:
	./scripts/test.sh

build:
	./scripts/build.sh

clean:
	rm -rf build web/dist
