--
-- PostgreSQL database dump
--
CREATE TABLE users (id integer);
