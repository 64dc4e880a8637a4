-- One database per service, as ./dev creates them (deploy/local PostgresServer): owned by the
-- superuser the services log in as. Runs once, when the data volume is empty.
create database lead;
create database messaging;
create database billing;
create database enrichment;
create database notification;
create database realtime;
