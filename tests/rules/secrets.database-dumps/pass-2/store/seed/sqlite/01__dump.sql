INSERT INTO memo (id, content) VALUES (1, 'hello');
